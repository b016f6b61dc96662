#pragma once
// Local polish of a loss-cone search point (fit/losscone_search_problem.hpp): the profile at its
// U (exact r, A scan + Brent), U by golden section inside its (U, r) cell, and Nelder–Mead in
// (U, A) inside the cell, where S is smooth (only the beam depends on U there).

#include "fit/losscone_search_problem.hpp"

namespace lpm::fit {

// Full local polish of a point: profile at its U (exact r, A scan + Brent), then Nelder–Mead in
// (U, A) inside its (U, r) cell, repeated while S drops. Never makes S worse.
SearchPoint polish_point(const SearchProblem& p, const SearchPoint& pt);

}  // namespace lpm::fit
