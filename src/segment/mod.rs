//! Word segmentation: Chinese spans with jieba ([`chinese`]), Latin spans by Unicode word
//! boundaries ([`latin`]). Words are byte ranges of the cleaned text.

pub(crate) mod chinese;
pub(crate) mod latin;
