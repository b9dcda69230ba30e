import { post, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(post);
