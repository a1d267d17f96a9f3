#include "qbt/core/version.hpp"

#include "qbt/core/version_info.hpp"

namespace qbt {

const char* version() noexcept { return QBT_VERSION_STRING; }
const char* build_type() noexcept { return QBT_BUILD_TYPE; }
const char* compiler() noexcept { return QBT_COMPILER; }

}  // namespace qbt
