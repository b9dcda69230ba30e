import { person, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(person);
