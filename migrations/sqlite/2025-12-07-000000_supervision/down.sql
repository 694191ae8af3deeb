DROP TABLE case_facts;
DROP TABLE attention_items;
