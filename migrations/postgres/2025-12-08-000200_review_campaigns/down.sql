DROP TABLE review_closures;
DROP TABLE review_scores;
DROP TABLE review_cases;
DROP TABLE review_campaigns;
