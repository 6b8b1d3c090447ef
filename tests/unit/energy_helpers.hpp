#pragma once
// A synthetic hardware profile for energy tests: round coefficients, independent of the shipped
// (refittable) profiles, so that expected numbers can be computed by hand.
#include "wattlayer/energy.hpp"

namespace wltest {

inline wattlayer::HardwareProfile synthetic_profile() {
    wattlayer::HardwareProfile p;
    p.id = "test";
    p.name = "Test GPU";
    p.source = "measured";
    p.measured_batches = {1, 8};
    p.idle_w = 100;
    p.extra_w = 10;
    p.host_scale = 1.5;
    p.tau0_s = 50e-6;
    p.ratio_low = 0.8;
    p.ratio_high = 1.3;
    for (auto& c : p.classes) c = {1e-4, 1e-11, 1e-10, 2e-6, 1e13, 2e12};
    for (auto& h : p.host_s) h = 10e-6;
    return p;
}

}  // namespace wltest
