import { publicReadRouter } from '../../../public-api/read-router';

export default publicReadRouter('region');
