DROP TABLE draw_inspectors;
