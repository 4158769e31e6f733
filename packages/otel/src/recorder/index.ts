export { type CallPricingStatus, type CallRecord, onCallRecorded } from './call-record.js';
