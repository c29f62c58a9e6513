from datetime import date


def add_years(day: date, years: int) -> date:
    """The same day `years` later, or earlier if negative (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
