"""Process-wide helpers that are not jobs: the clock, the drawing thread, garbage-collection
policy, the fair share of update slots between users and the per-user limits on expensive
actions. The background jobs are in bot/jobs."""
