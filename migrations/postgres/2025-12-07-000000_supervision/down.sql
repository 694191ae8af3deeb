DROP TABLE case_facts;
DROP TABLE attention_items;
DROP FUNCTION custos_attention_cured_once();
