-- Arbor schema 5 (SQLite): the thresholds of the compliance indicators (docs/compliance.md), one row.
-- Shares are percent numbers (50 means 50 %), volumes are PV, as in plan files.
CREATE TABLE compliance_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    own_use_pv TEXT NOT NULL,
    min_retail_share_percent TEXT NOT NULL,
    min_non_participant_percent TEXT NOT NULL,
    min_resold_percent TEXT NOT NULL,
    min_retail_customers INTEGER NOT NULL,
    loading_factor TEXT NOT NULL,
    first_order_max_pv TEXT NOT NULL,
    max_recruiting_percent TEXT NOT NULL,
    retention_months INTEGER NOT NULL
);
INSERT INTO compliance_settings (id, own_use_pv, min_retail_share_percent, min_non_participant_percent, min_resold_percent, min_retail_customers,
    loading_factor, first_order_max_pv, max_recruiting_percent, retention_months)
    VALUES (1, '100', '50', '50', '70', 10, '2', '200', '50', 12);
