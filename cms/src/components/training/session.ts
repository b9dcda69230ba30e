import { trainingSession, toStrapiComponent } from '@iro/content-types';

export default toStrapiComponent(trainingSession);
