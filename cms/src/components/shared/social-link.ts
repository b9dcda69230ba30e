import { socialLink, toStrapiComponent } from '@iro/content-types';

export default toStrapiComponent(socialLink);
