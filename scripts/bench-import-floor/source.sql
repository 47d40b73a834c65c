-- Reading the staged rows alone, as each load reads them: subtracted from the loads' times.
.timer on
ATTACH 'stage.sqlite3' AS s;
PRAGMA temp_store = MEMORY;
SELECT count(*), sum(length(match_key)) FROM (SELECT * FROM s.sp ORDER BY n);
SELECT count(*), sum(length(x)) FROM (SELECT se.*, sp.n AS x FROM s.se JOIN s.sp ON sp.pid = se.pid ORDER BY se.n);
SELECT count(*), sum(length(row_hash)) FROM (SELECT * FROM s.se ORDER BY n);
