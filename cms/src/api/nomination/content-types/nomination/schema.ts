import { nomination, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(nomination);
