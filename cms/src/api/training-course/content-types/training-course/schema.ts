import { trainingCourse, toStrapiContentType } from '@iro/content-types';

export default toStrapiContentType(trainingCourse);
