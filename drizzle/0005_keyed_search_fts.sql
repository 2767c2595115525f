-- Keyed search tokens move from an indexed table (three b-trees, one row per token) to a
-- contentless FTS5 table: one document per record (rowid = record id), its distinct tokens as
-- 16-hex-digit terms. Measured with npm run bench: about a tenth of the file size and several
-- times faster inserts. The tokens themselves do not change (HMAC under the client's search
-- key; src/core/search/search-tokens.ts, tokenText), so this copies them without any key:
-- printf's %x writes a negative 64-bit integer as its two's complement, as tokenText does.
-- detail=none: a query is an AND of terms per client; candidates are decrypted and matched again.
CREATE VIRTUAL TABLE `record_search` USING fts5(`tokens`, content='', contentless_delete=1, detail=none);
--> statement-breakpoint
INSERT INTO `record_search` (rowid, tokens)
  SELECT record_id, group_concat(printf('%016x', token), ' ') FROM `record_search_tokens` GROUP BY record_id;
--> statement-breakpoint
DROP TABLE `record_search_tokens`;
