-- Version 7: every catalog price says where it came from and when. `entered` is a price the
-- user typed (a partner's own CSP price list); `retail` is Azure's public retail price, read
-- from the Retail Prices API. `priced_on` is the day it was entered or fetched; prices kept
-- from before this version have no known day (NULL), never a guessed one.
ALTER TABLE catalog ADD COLUMN source TEXT NOT NULL DEFAULT 'entered'
    CHECK (source IN ('entered', 'retail'));
ALTER TABLE catalog ADD COLUMN priced_on TEXT;
