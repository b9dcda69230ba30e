import { nominee, toStrapiComponent } from '@iro/content-types';

export default toStrapiComponent(nominee);
