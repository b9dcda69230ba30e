import { publicReadRouter } from '../../../public-api/read-router';

export default publicReadRouter('site-setting');
