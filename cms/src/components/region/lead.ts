import { regionLead, toStrapiComponent } from '@iro/content-types';

export default toStrapiComponent(regionLead);
