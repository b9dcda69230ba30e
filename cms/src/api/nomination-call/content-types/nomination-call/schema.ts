import { nominationCall, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(nominationCall);
