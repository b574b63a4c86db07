import type { Messages } from './types.ts';

export const vi: Messages = {
  dir: 'ltr',
  question: {
    nps: 'Bạn sẵn lòng giới thiệu chúng tôi cho bạn bè hoặc đồng nghiệp đến mức nào?',
    csat: 'Bạn hài lòng với trải nghiệm của mình đến mức nào?',
    ces: 'Bạn thấy việc có được điều mình cần dễ dàng đến mức nào?',
  },
  anchors: {
    nps: ['Hoàn toàn không', 'Chắc chắn sẽ giới thiệu'],
    csat: ['Rất không hài lòng', 'Rất hài lòng'],
    ces: ['Rất khó', 'Rất dễ'],
  },
  commentLabel: 'Bạn có muốn chia sẻ thêm điều gì không?',
  send: 'Gửi',
  close: 'Đóng',
  thanks: 'Cảm ơn bạn đã góp ý!',
};
