-- 0003: a placeholder on the admin branch only. Number 0003 belongs to
-- another branch's migration; migrations must run 1, 2, 3… without gaps, so
-- this empty one stands in for it here. DELETE THIS FILE WHEN MERGING: with
-- both files present, store.Open fails ("want number 0004").
SELECT 1;
