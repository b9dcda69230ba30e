import { outboxMessage, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(outboxMessage);
