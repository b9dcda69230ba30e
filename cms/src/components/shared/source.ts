import { source, toStrapiComponent } from '@iro/content-types';

export default toStrapiComponent(source);
