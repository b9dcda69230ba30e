import { topic, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(topic);
