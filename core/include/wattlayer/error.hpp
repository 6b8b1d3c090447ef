#pragma once
// The one exception type of the core. Every failure a user can cause (a bad file, a bad option,
// an absurd dimension) becomes an Error with a stable machine-readable code and a human message.
#include <stdexcept>
#include <string>

namespace wattlayer {

class Error : public std::runtime_error {
public:
    Error(std::string code, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const noexcept { return code_; }

private:
    std::string code_;
};

}  // namespace wattlayer
