export { audit } from '../modules/audit/service.ts';
