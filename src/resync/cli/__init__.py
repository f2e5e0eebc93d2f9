"""The command line: ``resync serve``, ``ask``, ``classify``, users, knowledge and the simulator."""
