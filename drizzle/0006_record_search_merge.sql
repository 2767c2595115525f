-- The keyed search index (record_search, 0005) keeps its merge setting in its own config table.
-- usermerge=2: an idle 'merge' step (src/core/records/record-index.ts, mergeRecordIndexStep)
-- merges any level holding two segments, so the index settles at about one segment per level
-- instead of up to three. A manager's search looks each of its 2,000 clients' tokens up in every
-- segment: at 1,000,000 records the merged index answered in about half the time (npm run bench).
INSERT INTO `record_search` (`record_search`, `rank`) VALUES ('usermerge', 2);
