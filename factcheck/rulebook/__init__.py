"""Rules and lexicons: declarative YAML files, validated on load, compiled into matchers."""
