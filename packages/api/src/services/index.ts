export { audit } from '../modules/audit/service.ts';
export { purgeExpiredSignInRows } from '../modules/auth/purge.ts';
