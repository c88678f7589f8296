"""Bürgerrat: fair, verifiable random selection of a citizens' council (issue 18).

``tables`` reads the office's CSV files, ``pool`` groups people into types with identical
features, ``solver`` builds the integer programs, ``leximin`` computes the fairest distribution
over panels, ``lottery`` rounds it to a lottery of equally likely panels, ``draw`` picks the
panel with the public seed, ``protocol`` writes and checks the published record and ``invite``
draws the invitation letters.
"""
