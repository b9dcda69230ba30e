import { noticeEmail, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(noticeEmail);
