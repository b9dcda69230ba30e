import { consent, toStrapiComponent } from '@iro/content-types';

export default toStrapiComponent(consent);
