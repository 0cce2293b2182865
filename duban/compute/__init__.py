"""Computing: the working-day calendar, deadlines, stages, department assessment, periods, trends, identity."""
