-- Commissioner reports (issue 9): what is recorded on an area's cases is read from index pages
-- alone, not from a table page per row (an area's rows are scattered over the whole file).
-- Each replaces an index on the same leading columns, so lookups and orderings that used the
-- old one use the new one. None of these tables is written by the opt-out feed import.
-- docs/PERFORMANCE.md, "Commissioner reports", has the measurements.

-- Minutes of contact in a period, by case.
DROP INDEX case_contacts_case;
CREATE INDEX case_contacts_case ON case_contacts (case_id, happened_at, minutes);

-- Issues raised in a period, by case: kind, and status at the period's end.
DROP INDEX case_issues_case;
CREATE INDEX case_issues_case ON case_issues (case_id, raised_on, kind, status, closed_on);

-- Cases open in a period for patients of a home council, and their referrals (placed out of
-- the area).
DROP INDEX cases_home_authority;
CREATE INDEX cases_home_authority ON cases (home_authority_id, opened_at, closed_at, referral_id);
