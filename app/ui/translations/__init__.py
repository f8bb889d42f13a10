"""The translation view: the measures' free texts side by side in German and Polish or Czech."""
