import { z } from 'zod';
import {
  ZBulkEnrollInput,
  ZCourseStepInput,
  ZEnrollInput,
  ZEnrollmentListInput,
  ZProgressInput,
} from '@credence/domain';
import { authedProcedure, clientAdminProcedure, router } from '../../trpc.ts';
import {
  ZBulkEnrollResultDto,
  ZEnrollmentDto,
  ZEnrollmentPageDto,
  ZEnrollResultDto,
  ZMyTrackDto,
} from './dto.ts';
import { listEnrollments } from './listing.ts';
import { bulkEnroll, enroll } from './enroll.ts';
import { completeCourse, enrollmentProgress, myTracks, startCourse } from './progress.ts';

/** Learners act on their own enrolments only; identity comes from the session. */
export const learningRouter = router({
  /**
   * Open to every signed-in user, who may always enrol themselves. Enrolling someone else
   * (`userId`) is decided in the service: catalog staff anyone, a client ADMIN their own
   * organisation's users (others are NOT_FOUND), anyone else FORBIDDEN.
   */
  enroll: authedProcedure
    .input(ZEnrollInput)
    .output(ZEnrollResultDto)
    .mutation(({ ctx, input }) => enroll(ctx.em, ctx.user, input, new Date())),
  /** Catalog staff for anyone; a client ADMIN for the users of their own organisation. */
  bulkEnroll: clientAdminProcedure('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER')
    .input(ZBulkEnrollInput)
    .output(ZBulkEnrollResultDto)
    .mutation(({ ctx, input }) => bulkEnroll(ctx.em, ctx.user, ctx.scope, input, new Date())),
  /** The caller's tracks, most urgent first, each with its due date and next required step. */
  myTracks: authedProcedure
    .output(z.array(ZMyTrackDto))
    .query(({ ctx }) => myTracks(ctx.em, ctx.user, new Date())),
  /** Enrolments, paged, sorted and filtered on the server: staff all, a client ADMIN theirs. */
  listEnrollments: clientAdminProcedure()
    .input(ZEnrollmentListInput)
    .output(ZEnrollmentPageDto)
    .query(({ ctx, input }) => listEnrollments(ctx.em, ctx.scope, input, new Date())),
  /** The learner's own, a client ADMIN's organisation's, or any for staff; else NOT_FOUND. */
  progress: authedProcedure
    .input(ZProgressInput)
    .output(ZEnrollmentDto)
    .query(({ ctx, input }) => enrollmentProgress(ctx.em, ctx.user, input.enrollmentId)),
  startCourse: authedProcedure
    .input(ZCourseStepInput)
    .output(ZEnrollmentDto)
    .mutation(({ ctx, input }) => startCourse(ctx.em, ctx.user, input.courseId, new Date())),
  completeCourse: authedProcedure
    .input(ZCourseStepInput)
    .output(ZEnrollmentDto)
    .mutation(({ ctx, input }) => completeCourse(ctx.em, ctx.user, input.courseId, new Date())),
});
