// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file core.hpp
/// The header-centric core: model, observation store and evaluator. Usable without any file format.

#include "waypoint/data/observation_store.hpp"
#include "waypoint/error.hpp"
#include "waypoint/eval/deadlines.hpp"
#include "waypoint/eval/evaluate.hpp"
#include "waypoint/eval/fields.hpp"
#include "waypoint/eval/incremental.hpp"
#include "waypoint/eval/checks.hpp"
#include "waypoint/eval/graph.hpp"
#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods.hpp"
#include "waypoint/eval/stats.hpp"
#include "waypoint/eval/trend.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/model/plan_builder.hpp"
#include "waypoint/model/text.hpp"
#include "waypoint/model/time.hpp"
#include "waypoint/version.hpp"
