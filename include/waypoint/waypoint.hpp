// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file waypoint.hpp
/// Everything: the header-centric core (model, data, eval) and the file formats (io).

#include "waypoint/core.hpp"
#include "waypoint/io/evaluation_io.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
