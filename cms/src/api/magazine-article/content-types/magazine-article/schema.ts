import { magazineArticle, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(magazineArticle);
