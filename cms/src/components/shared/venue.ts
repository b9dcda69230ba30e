import { venue, toStrapiComponent } from '@iro/content-types';

export default toStrapiComponent(venue);
