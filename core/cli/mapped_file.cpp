#include "mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wattlayer/error.hpp"

namespace wattlayer::cli {

constexpr off_t kReadWholeBelow = 4 << 20;  // smaller files are read, larger ones mapped

MappedFile::MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("io_error", "cannot open '" + path + "'");
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (regular && st.st_size > 0 && st.st_size <= kReadWholeBelow) {  // one read beats mapping a few pages
        copy_.resize(static_cast<size_t>(st.st_size));
        size_t got = 0;
        ssize_t n = 1;
        while (got < copy_.size() && (n = ::read(fd, copy_.data() + got, copy_.size() - got)) > 0) got += static_cast<size_t>(n);
        ::close(fd);
        if (n < 0) throw Error("io_error", "cannot read '" + path + "'");
        copy_.resize(got);
        data_ = copy_.data();
        size_ = copy_.size();
        return;
    }
    if (regular && st.st_size > 0) {
        void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            data_ = static_cast<const uint8_t*>(p);
            size_ = static_cast<size_t>(st.st_size);
            mapped_ = true;
            ::close(fd);
            return;
        }
    }
    // Not mappable: read it whole.
    uint8_t buffer[1 << 16];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) copy_.insert(copy_.end(), buffer, buffer + n);
    ::close(fd);
    if (n < 0) throw Error("io_error", "cannot read '" + path + "'");
    data_ = copy_.data();
    size_ = copy_.size();
}

MappedFile::~MappedFile() {
    if (mapped_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

}  // namespace wattlayer::cli
