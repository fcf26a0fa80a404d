-- Indexes that keep the planner's queries flat as history grows (issue 19;
-- plans in BENCHMARKS.md).

-- StatusFiledSince (each digest: status filed since the last one) read
-- every status entry ever filed: 25 million after a year of 100,000 people.
CREATE INDEX status_by_created ON status_entries(created_at);

-- Personal (each planner tick: away days set by mail that have not ended)
-- read every person to find the few with such days.
CREATE INDEX away_set_by_end ON away_set(to_day);
