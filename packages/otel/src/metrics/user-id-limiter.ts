/** Value recorded for users beyond the cap. */
export const OVERFLOW_USER = 'other';

/**
 * Caps the distinct `user.id` values put on metrics (opt-in `metricsUserIdLimit`): the first `limit` users keep
 * their id, later ones are recorded as `other`, so a metrics backend never sees unbounded cardinality.
 */
export class UserIdLimiter {
  private readonly seen = new Set<string>();

  constructor(readonly limit: number) {}

  label(userId: string | undefined): string {
    if (userId === undefined) return OVERFLOW_USER;
    if (this.seen.has(userId)) return userId;
    if (this.seen.size < this.limit) {
      this.seen.add(userId);
      return userId;
    }
    return OVERFLOW_USER;
  }
}
