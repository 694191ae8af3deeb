-- Whether a case ever had an item of a kind (open or cured): the 立案报备 item is opened once per
-- case, so every submission asks it of the cases it changes; without this index the question
-- read every attention item.
CREATE INDEX attention_case_kind ON attention_items (case_id, kind);
