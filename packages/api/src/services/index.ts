export { audit } from '../modules/audit/service.ts';
export { purgeExpiredSignInRows } from '../modules/auth/purge.ts';
export {
  runBenchmarks,
  type BenchmarkRunRecord,
  type RunBenchmarksOptions,
} from '../modules/benchmarks/nightly.ts';
