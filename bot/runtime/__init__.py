"""Process-wide helpers that are not jobs: the clock, the drawing worker process and the PDFs it
made (drawing, documents), garbage-collection
policy, the fair share of update slots between users and the per-user limits on expensive
actions. The background jobs are in bot/jobs."""
