import { z } from 'zod';
import {
  ZById,
  ZCourseCreateInput,
  ZCourseRef,
  ZCourseUpdateInput,
  ZPublishVersionInput,
  ZReorderCoursesInput,
  ZSaveQuizInput,
  ZTrackCreateInput,
  ZTrackListInput,
  ZTrackUpdateInput,
} from '@credence/domain';
import { authedProcedure, CATALOG_WRITERS, router, staffProcedure } from '../../trpc.ts';
import { ZCourseDto, ZDeletedQuizDto, ZStaffQuizDto, ZTrackDto } from './dto.ts';
import { deleteQuiz, restoreTrack } from './removal.ts';
import { getStaffQuiz, saveQuiz } from './quiz.ts';
import {
  archiveTrack,
  audienceOf,
  createCourse,
  createTrack,
  getTrack,
  listTracks,
  publishVersion,
  removeCourse,
  reorderCourses,
  updateCourse,
  updateTrack,
} from './service.ts';

const writers = staffProcedure(...CATALOG_WRITERS);

/** Reads for every signed-in user (learners see what they may enrol in); writes for catalog staff. */
export const catalogRouter = router({
  listTracks: authedProcedure
    .input(ZTrackListInput)
    .output(z.array(ZTrackDto))
    .query(({ ctx, input }) => listTracks(ctx.em, audienceOf(ctx.user), input)),
  getTrack: authedProcedure
    .input(ZById)
    .output(ZTrackDto)
    .query(({ ctx, input }) => getTrack(ctx.em, audienceOf(ctx.user), input.id)),
  createTrack: writers
    .input(ZTrackCreateInput)
    .output(ZTrackDto)
    .mutation(({ ctx, input }) => createTrack(ctx.em, ctx.user, input)),
  updateTrack: writers
    .input(ZTrackUpdateInput)
    .output(ZTrackDto)
    .mutation(({ ctx, input }) => updateTrack(ctx.em, input)),
  archiveTrack: writers
    .input(ZById)
    .output(ZTrackDto)
    .mutation(({ ctx, input }) => archiveTrack(ctx.em, ctx.user, input.id)),
  /** Un-archives a track (audited); restoring an active track answers the same. */
  restoreTrack: writers
    .input(ZById)
    .output(ZTrackDto)
    .mutation(async ({ ctx, input }) => {
      await restoreTrack(ctx.em, ctx.user, input.id);
      return getTrack(ctx.em, 'staff', input.id);
    }),
  publishVersion: writers
    .input(ZPublishVersionInput)
    .output(ZTrackDto)
    .mutation(({ ctx, input }) => publishVersion(ctx.em, ctx.user, input)),
  createCourse: writers
    .input(ZCourseCreateInput)
    .output(ZCourseDto)
    .mutation(({ ctx, input }) => createCourse(ctx.em, input, new Date())),
  updateCourse: writers
    .input(ZCourseUpdateInput)
    .output(ZCourseDto)
    .mutation(({ ctx, input }) => updateCourse(ctx.em, input, new Date())),
  removeCourse: writers
    .input(ZById)
    .output(ZCourseDto)
    .mutation(({ ctx, input }) => removeCourse(ctx.em, input.id, new Date())),
  reorderCourses: writers
    .input(ZReorderCoursesInput)
    .output(ZTrackDto)
    .mutation(({ ctx, input }) => reorderCourses(ctx.em, input)),
  getQuiz: staffProcedure(...CATALOG_WRITERS)
    .input(ZCourseRef)
    .output(ZStaffQuizDto.nullable())
    .query(({ ctx, input }) => getStaffQuiz(ctx.em, input.courseId)),
  /** Deletes a quiz without attempts (QUIZ.HAS_ATTEMPTS otherwise). Audited. */
  deleteQuiz: writers
    .input(ZCourseRef)
    .output(ZDeletedQuizDto)
    .mutation(({ ctx, input }) => deleteQuiz(ctx.em, ctx.user, input.courseId)),
  saveQuiz: writers
    .input(ZSaveQuizInput)
    .output(ZStaffQuizDto)
    .mutation(({ ctx, input }) => saveQuiz(ctx.em, ctx.user, input)),
});
