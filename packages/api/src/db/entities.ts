import { AuditLog } from '../modules/audit/entities.ts';
import { PasswordLink, RateLimit, Session } from '../modules/auth/entities.ts';
import {
  BenchmarkGroup,
  BenchmarkRank,
  BenchmarkRun,
  Metric,
  MetricLatest,
  MetricValue,
} from '../modules/benchmarks/entities.ts';
import { Course, Quiz, QuizAnswerKey, QuizQuestion, Track } from '../modules/catalog/entities.ts';
import { CourseProgress, Enrollment } from '../modules/learning/entities.ts';
import { Organization } from '../modules/organizations/entities.ts';
import { ImplementationProject, TrainingAssignment } from '../modules/projects/entities.ts';
import { QuizAttempt, QuizAttemptKey, QuizAttemptQuestion } from '../modules/quizzes/entities.ts';
import { User } from '../modules/users/entities.ts';

export const entities = [
  Organization,
  User,
  Session,
  RateLimit,
  PasswordLink,
  AuditLog,
  Track,
  Course,
  Quiz,
  QuizQuestion,
  QuizAnswerKey,
  Enrollment,
  CourseProgress,
  ImplementationProject,
  TrainingAssignment,
  QuizAttempt,
  QuizAttemptQuestion,
  QuizAttemptKey,
  Metric,
  MetricValue,
  MetricLatest,
  BenchmarkGroup,
  BenchmarkRank,
  BenchmarkRun,
];
